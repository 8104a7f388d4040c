package org.civicloop.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.civicloop.identity.People;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
class JdbcPeople implements People {

	private final JdbcClient jdbc;

	JdbcPeople(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<Person> byUsername(String username) {
		return jdbc.sql("SELECT id, username, display_name FROM identity_user WHERE username = :u AND enabled")
			.param("u", username)
			.query((rs, i) -> new Person(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
			.optional();
	}

	@Override
	public Optional<Person> byId(UUID id) {
		return jdbc.sql("SELECT id, username, display_name FROM identity_user WHERE id = :id AND enabled")
			.param("id", id)
			.query((rs, i) -> new Person(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
			.optional();
	}

	@Override
	public List<Person> withRoleCovering(Role role, String territoryCode) {
		if (!TerritoryCode.isValid(territoryCode)) {
			return List.of();
		}
		TerritoryCode code = TerritoryCode.of(territoryCode);
		record Row(Person person, String binding) {
		}
		return jdbc.sql("""
				SELECT u.id, u.username, u.display_name, b.territory_code
				  FROM identity_user u
				  JOIN identity_user_role r ON r.user_id = u.id AND r.role = :role
				  JOIN identity_user_binding b ON b.user_id = u.id
				 WHERE u.enabled ORDER BY u.username""")
			.param("role", role.name())
			.query((rs, i) -> new Row(new Person(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)),
					rs.getString(4)))
			.list()
			.stream()
			.filter(r -> TerritoryCode.isValid(r.binding()) && code.isWithin(TerritoryCode.of(r.binding())))
			.map(Row::person)
			.distinct()
			.toList();
	}
}
