-- WorkOrderService takes order numbers from the sequence a hundred at a time (NUMBER_BLOCK): one
-- round trip per hundred orders on the intake's hot path instead of one per order.
ALTER SEQUENCE workorder_number_seq INCREMENT BY 100;
