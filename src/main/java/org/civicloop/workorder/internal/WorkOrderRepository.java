package org.civicloop.workorder.internal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

public interface WorkOrderRepository extends CrudRepository<WorkOrder, UUID> {

	Optional<WorkOrder> findByNumber(String number);

	Optional<WorkOrder> findByIdempotencyKey(String key);
}
