package org.civicloop.identity.internal;

import java.util.List;

import org.civicloop.platform.DemoMode;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.territory.Territories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** The demo accounts listed in the README, all with the password {@value #PASSWORD}. */
@Component
@Order(20)
class IdentityDemoData implements ApplicationRunner {

	static final String PASSWORD = "Demo@2026";
	private static final Logger log = LoggerFactory.getLogger(IdentityDemoData.class);

	record DemoAccount(String username, String displayName, String territory, List<Role> roles) {
	}

	static final List<DemoAccount> ACCOUNTS = List.of(
			new DemoAccount("admin", "市级管理员 City administrator", "330100", List.of(Role.ADMIN, Role.LEADER, Role.AUDITOR)),
			new DemoAccount("sjq-staff", "四季青街道工作人员", "330102014000", List.of(Role.STREET_STAFF, Role.THREE_PARTY_OFFICE)),
			new DemoAccount("sq-staff", "石桥街道工作人员", "330105012000", List.of(Role.STREET_STAFF)),
			new DemoAccount("resident1", "钱运社区居民", "330102014001R001", List.of(Role.RESIDENT)),
			new DemoAccount("xy-secretary", "仙岩村党组织书记", "330110112001", List.of(Role.VILLAGE_SECRETARY)),
			new DemoAccount("xy-clerk", "仙岩村文书", "330110112001", List.of(Role.VILLAGE_CLERK)),
			new DemoAccount("xy-villager", "仙岩村村民", "330110112001", List.of(Role.RESIDENT)),
			new DemoAccount("bzc-secretary", "百丈村党组织书记", "330110112002", List.of(Role.VILLAGE_SECRETARY)),
			new DemoAccount("bzc-clerk", "百丈村文书", "330110112002", List.of(Role.VILLAGE_CLERK)),
			new DemoAccount("bz-office", "百丈镇农经（三资）办", "330110112000", List.of(Role.STREET_STAFF)),
			new DemoAccount("bz-inspector", "百丈镇纪委监察员", "330110112000", List.of(Role.DISCIPLINE_INSPECTOR)),
			new DemoAccount("sq-riverchief", "石桥街道河长", "330105012000", List.of(Role.RIVER_CHIEF)),
			new DemoAccount("dz-leader", "东洲街道包联领导", "330111004000", List.of(Role.PAIRED_LEADER, Role.LEADER)),
			new DemoAccount("dz-enterprise", "东洲企业联络人", "330111004001", List.of(Role.ENTERPRISE_CONTACT)),
			new DemoAccount("yf-culture", "盈丰街道文化站", "330109015000", List.of(Role.CULTURE_STAFF)),
			new DemoAccount("gl-supervisor", "更楼街道监督专员", "330182004000", List.of(Role.SUPERVISION_OFFICER)));

	private final DemoMode demo;
	private final UserAccounts accounts;
	private final PasswordEncoder encoder;
	private final Territories territories;

	IdentityDemoData(DemoMode demo, UserAccounts accounts, PasswordEncoder encoder, Territories territories) {
		this.demo = demo;
		this.accounts = accounts;
		this.encoder = encoder;
		this.territories = territories;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!demo.enabled()) {
			return;
		}
		String hash = null;
		int created = 0;
		for (DemoAccount d : ACCOUNTS) {
			if (accounts.existsByUsername(d.username())) {
				continue;
			}
			TerritoryCode code = TerritoryCode.of(d.territory());
			if (!territories.exists(code)) {
				log.warn("Demo account {} skipped: territory {} is missing", d.username(), code);
				continue;
			}
			hash = hash == null ? encoder.encode(PASSWORD) : hash;
			UserAccount a = UserAccount.create(d.username(), d.displayName(), hash, true);
			d.roles().forEach(a::grant);
			a.bindTo(code);
			accounts.save(a);
			created++;
		}
		if (created > 0) {
			log.info("Demo accounts created: {} (password {})", created, PASSWORD);
		}
	}
}
