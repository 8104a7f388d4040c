package org.civicloop.workorder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.civicloop.support.CivicLoopTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration that moves the work-order notifications into the notification module, run again
 * over old tables filled the way the old code filled them (a fresh test database has none), inside
 * a transaction that is rolled back.
 */
@CivicLoopTest
class NotificationsMovedMigrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate tx;

	@Test
	void oldRowsAndReadMarksArriveWithTheirTextsAndTheOldTablesGo() throws Exception {
		String v3 = new ClassPathResource("db/migration/workorder/V3__notifications.sql").getContentAsString(StandardCharsets.UTF_8);
		String v70 = new ClassPathResource("db/migration/workorder/V70__notifications_moved.sql").getContentAsString(StandardCharsets.UTF_8);
		UUID order = UUID.randomUUID();
		UUID user = UUID.randomUUID();
		UUID reader = UUID.randomUUID();
		String key = "accept:" + order + ":1.0";
		tx.executeWithoutResult(s -> {
			jdbc.sql(v3).update();
			jdbc.sql("""
					INSERT INTO workorder_notification (event_key, recipient, recipient_user, recipient_territory, work_order_id,
					  number, kind, detail, created_at) VALUES
					  (:k, :r1, :u, NULL, :o, 'HZ20260101-000001', 'accepted', NULL, now()),
					  (:k, 'territory:330102014000', NULL, '330102014000', :o, 'HZ20260101-000001', 'returned', '退回理由', now())""")
				.param("k", key).param("r1", "user:" + user).param("u", user).param("o", order).update();
			jdbc.sql("""
					INSERT INTO workorder_notification_read (notification_id, user_id, read_at)
					SELECT id, :reader, now() FROM workorder_notification WHERE kind = 'returned'""").param("reader", reader).update();

			jdbc.sql(v70).update();

			List<String> rows = jdbc.sql("""
					SELECT source || '|' || message_key || '|' || array_to_string(args, ',') || '|' || link || '|'
					  || coalesce(recipient_territory, recipient_user::text)
					FROM notification_notice WHERE event_key = :k ORDER BY id""").param("k", key).query(String.class).list();
			assertThat(rows).containsExactly(
					"workorder|wo.notify.accepted|HZ20260101-000001,|/requests/" + order + "|" + user,
					"workorder|wo.notify.returned|HZ20260101-000001,退回理由|/requests/" + order + "|330102014000");
			assertThat(jdbc.sql("""
					SELECT count(*) FROM notification_read r JOIN notification_notice n ON n.id = r.notice_id
					WHERE n.event_key = :k AND r.user_id = :reader AND n.message_key = 'wo.notify.returned'""")
				.param("k", key).param("reader", reader).query(Long.class).single()).isEqualTo(1);
			assertThat(jdbc.sql("SELECT to_regclass('workorder_notification') IS NULL").query(Boolean.class).single()).isTrue();
			s.setRollbackOnly();
		});
		assertThat(jdbc.sql("SELECT count(*) FROM notification_notice WHERE event_key = :k").param("k", key)
			.query(Long.class).single()).isZero();
	}
}
