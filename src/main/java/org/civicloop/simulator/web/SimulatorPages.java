package org.civicloop.simulator.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.DeviceView;
import org.civicloop.device.Devices;
import org.civicloop.device.IssuedCredential;
import org.civicloop.platform.DemoMode;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.simulator.Misbehaviour;
import org.civicloop.simulator.SimulatedSleeve;
import org.civicloop.simulator.SleeveLogEntry;
import org.civicloop.simulator.internal.SimulatorSessions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The simulator page: play a demo seal sleeve of one's own jurisdiction — a device whose credential
 * the platform kept because it runs in demo mode — over the real MQTT path, stamp, misbehave, and
 * watch what it sends and receives. Open in demo mode to anyone signed in (they see only the
 * devices they cover), otherwise to administrators only.
 */
@Controller
@RequestMapping("/simulator")
@PreAuthorize("isAuthenticated()")
class SimulatorPages {

	static final int LOG_LINES = 120;

	private final ObjectProvider<Devices> devices;
	private final SimulatorSessions sessions;
	private final JurisdictionScope scope;
	private final DemoMode demo;

	SimulatorPages(ObjectProvider<Devices> devices, SimulatorSessions sessions, JurisdictionScope scope, DemoMode demo) {
		this.devices = devices;
		this.sessions = sessions;
		this.scope = scope;
		this.demo = demo;
	}

	record Row(DeviceView device, boolean running) {
	}

	@GetMapping
	String index(Model model) {
		Jurisdiction j = allowed();
		Devices d = devices.getIfAvailable();
		List<Row> rows = new ArrayList<>();
		if (d != null) {
			Map<DeviceId, DeviceView> seen = new LinkedHashMap<>();
			for (TerritoryCode root : j.roots()) {
				for (DeviceView v : d.within(DeviceKind.SEAL_SLEEVE, root.value())) {
					if (!seen.containsKey(v.id()) && d.demoCredential(v.id()).isPresent()) {
						seen.put(v.id(), v);
					}
				}
			}
			seen.values()
				.stream()
				.sorted(Comparator.comparing(v -> v.id().value()))
				.forEach(v -> rows.add(new Row(v, sessions.get(v.id()).isPresent())));
		}
		model.addAttribute("rows", rows);
		model.addAttribute("devicesAvailable", d != null);
		model.addAttribute("broker", sessions.brokerUrl());
		return "simulator/index";
	}

	@GetMapping("/{id}")
	String device(@PathVariable String id, Model model) {
		allowed();
		DeviceView v = visible(id);
		fill(model, v);
		return "simulator/device";
	}

	@PostMapping("/{id}/connect")
	String connect(@PathVariable String id, @RequestParam(defaultValue = "false") boolean auto) {
		Jurisdiction j = allowed();
		DeviceView v = visible(id);
		IssuedCredential c = devices.getObject()
			.demoCredential(v.id())
			.orElseThrow(() -> new NotFoundException("No demo credential for " + v.id()));
		sessions.start(c, v.lastSeq(), auto, j.username());
		return "redirect:/simulator/" + v.id().value();
	}

	@PostMapping("/{id}/act")
	String act(@PathVariable String id, @RequestParam String action, HttpServletRequest request, Model model) {
		allowed();
		DeviceView v = visible(id);
		if (action.equals("disconnect")) {
			sessions.stop(v.id());
		}
		else {
			SimulatedSleeve s = running(v);
			switch (action) {
				case "stamp" -> model.addAttribute("stampResult", s.stamp());
				case "tamper" -> s.tamper("casing opened");
				case "battery" -> s.batteryLow();
				case "offline" -> s.goOffline();
				case "online" -> s.goOnline();
				case "replay" -> s.replayLast();
				case "forge" -> s.forgeNext();
				default -> throw new IllegalArgumentException("unknown action");
			}
		}
		return panel(v, request, model);
	}

	@PostMapping("/{id}/misbehave")
	String misbehave(@PathVariable String id, @RequestParam String m, @RequestParam boolean on,
			HttpServletRequest request, Model model) {
		allowed();
		DeviceView v = visible(id);
		running(v).misbehave(Misbehaviour.ofFlag(m), on);
		return panel(v, request, model);
	}

	@GetMapping("/{id}/status")
	String status(@PathVariable String id, Model model) {
		allowed();
		fill(model, visible(id));
		return "simulator/device :: status";
	}

	@GetMapping("/{id}/log")
	String log(@PathVariable String id, Model model) {
		allowed();
		DeviceView v = visible(id);
		model.addAttribute("device", v);
		model.addAttribute("log", log(sessions.get(v.id()).map(SimulatorSessions.Running::sleeve)));
		return "simulator/device :: log";
	}

	private String panel(DeviceView v, HttpServletRequest request, Model model) {
		if (request.getHeader("HX-Request") == null) {
			return "redirect:/simulator/" + v.id().value();
		}
		fill(model, v);
		return "simulator/device :: panel";
	}

	private void fill(Model model, DeviceView v) {
		Optional<SimulatorSessions.Running> r = sessions.get(v.id());
		model.addAttribute("device", v);
		model.addAttribute("running", r.orElse(null));
		model.addAttribute("connected", r.map(x -> x.sleeve().connected()).orElse(false));
		model.addAttribute("on", r.map(x -> x.sleeve().misbehaviours()).orElse(java.util.Set.of()));
		model.addAttribute("authorisation", r.flatMap(x -> x.sleeve().authorisation()).orElse(null));
		model.addAttribute("seq", r.map(x -> x.sleeve().lastSeq()).orElse(v.lastSeq()));
		model.addAttribute("modes", List.of(Misbehaviour.values())
			.stream()
			.filter(m -> m != Misbehaviour.TAMPER && m != Misbehaviour.OFFLINE_BATCH)
			.toList());
		model.addAttribute("log", log(r.map(SimulatorSessions.Running::sleeve)));
		model.addAttribute("broker", sessions.brokerUrl());
	}

	private static List<SleeveLogEntry> log(Optional<SimulatedSleeve> s) {
		List<SleeveLogEntry> all = s.map(SimulatedSleeve::events).orElse(List.of());
		List<SleeveLogEntry> last = new ArrayList<>(all.subList(Math.max(0, all.size() - LOG_LINES), all.size()));
		java.util.Collections.reverse(last);
		return last;
	}

	private SimulatedSleeve running(DeviceView v) {
		return sessions.get(v.id())
			.map(SimulatorSessions.Running::sleeve)
			.orElseThrow(() -> new IllegalStateException("the simulated sleeve is not connected"));
	}

	/** Demo mode: anyone signed in (within their jurisdiction); otherwise administrators only. */
	private Jurisdiction allowed() {
		Jurisdiction j = scope.current();
		if (!mayUse(demo.enabled(), j)) {
			throw new AccessDeniedException("the simulator is for demo mode or administrators");
		}
		return j;
	}

	static boolean mayUse(boolean demoMode, Jurisdiction j) {
		return j.isAuthenticated() && (demoMode || j.has(Role.ADMIN));
	}

	private DeviceView visible(String id) {
		DeviceId deviceId;
		try {
			deviceId = DeviceId.of(id);
		}
		catch (IllegalArgumentException e) {
			throw new NotFoundException("No device " + id);
		}
		Devices d = devices.getIfAvailable();
		DeviceView v = d == null ? null : d.find(deviceId).filter(x -> x.kind() == DeviceKind.SEAL_SLEEVE).orElse(null);
		if (v == null) {
			throw new NotFoundException("No seal sleeve " + id);
		}
		scope.require(TerritoryCode.of(v.territoryCode()));
		return v;
	}
}
