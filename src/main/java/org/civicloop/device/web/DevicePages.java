package org.civicloop.device.web;

import java.util.Arrays;

import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.DeviceView;
import org.civicloop.device.Devices;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.internal.DeviceQueries;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.Role;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Phone-first device pages: the list (status, online, last seen, battery) and one device (recent
 * events, anomalies, commands). Staff see the devices inside their jurisdiction; administrators
 * also register devices, issue or rotate a credential (its private key and MQTT password are shown
 * once, on the answer page, and never again) and revoke one.
 */
@Controller
@RequestMapping("/devices")
@PreAuthorize(DevicePages.STAFF)
class DevicePages {

	/** Who may see devices (inside their jurisdiction). */
	static final String STAFF = "hasAnyRole('ADMIN','LEADER','STREET_STAFF','COMMUNITY_STAFF','VILLAGE_SECRETARY',"
			+ "'VILLAGE_CLERK','DISCIPLINE_INSPECTOR')";

	private final Devices devices;
	private final DeviceQueries queries;
	private final JurisdictionScope scope;

	DevicePages(Devices devices, DeviceQueries queries, JurisdictionScope scope) {
		this.devices = devices;
		this.queries = queries;
		this.scope = scope;
	}

	@GetMapping
	String list(@RequestParam(required = false) DeviceKind kind, Model model) {
		model.addAttribute("rows", queries.rows(kind));
		model.addAttribute("kind", kind);
		model.addAttribute("kinds", Arrays.asList(DeviceKind.values()));
		model.addAttribute("admin", scope.current().has(Role.ADMIN));
		return "device/list";
	}

	@GetMapping("/{id}")
	String detail(@PathVariable String id, Model model) {
		DeviceId device = DeviceId.of(id);
		DeviceView v = queries.visible(device);
		model.addAttribute("device", v);
		model.addAttribute("battery", queries.battery(device));
		model.addAttribute("events", queries.recentEvents(device, 30));
		model.addAttribute("anomalies", queries.recentAnomalies(device, 30));
		model.addAttribute("commands", queries.recentCommands(device, 20));
		model.addAttribute("admin", scope.current().has(Role.ADMIN));
		return "device/detail";
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	String register(@RequestParam String id, @RequestParam DeviceKind kind, @RequestParam String territoryCode,
			@RequestParam String label) {
		DeviceView v = devices.register(DeviceId.of(id.strip()), kind, territoryCode.strip(), label,
				scope.current().username());
		return "redirect:/devices/" + v.id().value();
	}

	@PostMapping("/{id}/credential")
	@PreAuthorize("hasRole('ADMIN')")
	String issue(@PathVariable String id, Model model) {
		DeviceId device = DeviceId.of(id);
		queries.visible(device);
		IssuedCredential c = devices.issueCredential(device, scope.current().username());
		model.addAttribute("credential", c);
		return "device/credential";
	}

	@PostMapping("/{id}/revoke")
	@PreAuthorize("hasRole('ADMIN')")
	String revoke(@PathVariable String id, @RequestParam(required = false) String reason) {
		DeviceId device = DeviceId.of(id);
		queries.visible(device);
		devices.revoke(device, reason, scope.current().username());
		return "redirect:/devices/" + device.value();
	}
}
