package org.civicloop.audit;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.civicloop.audit.verify.AuditVerifier;
import org.civicloop.audit.verify.FsckCommand;

/**
 * The audit commands of the jar, run by {@code CivicLoopApplication.main} before (instead of)
 * Spring: {@code audit-verify} checks a running instance over HTTP like an outside inspector would;
 * {@code audit-fsck} checks the whole stored log in the database.
 */
public final class AuditCommandLine {

	private AuditCommandLine() {
	}

	public static boolean handles(String[] args) {
		return args.length > 0 && (args[0].equals("audit-verify") || args[0].equals("audit-fsck"));
	}

	/** @return the process exit code */
	public static int run(String[] args, PrintStream out) {
		Map<String, String> opts = new LinkedHashMap<>();
		for (int i = 1; i < args.length; i++) {
			String a = args[i];
			if (!a.startsWith("--")) {
				out.println("Unexpected argument: " + a);
				return usage(out);
			}
			int eq = a.indexOf('=');
			if (eq > 0) {
				opts.put(a.substring(2, eq), a.substring(eq + 1));
			}
			else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				opts.put(a.substring(2), args[++i]);
			}
			else {
				opts.put(a.substring(2), "");
			}
		}
		if (opts.containsKey("help")) {
			return usage(out);
		}
		return args[0].equals("audit-verify") ? AuditVerifier.run(opts, out) : FsckCommand.run(opts, out);
	}

	private static int usage(PrintStream out) {
		out.println("""
				audit-verify --url=http://host:port (--token=JWT | --user=NAME --password=PW)
				             [--public-key=pinned.pem] [--checkpoint=saved.note] [--save=new.note] [--entries=0,5,9]
				audit-fsck   (--jdbc-url=URL --db-user=U --db-password=P | --data-dir=./data) [--public-key=key.pem]""");
		return 1;
	}
}
