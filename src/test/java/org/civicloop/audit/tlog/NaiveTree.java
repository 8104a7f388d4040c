package org.civicloop.audit.tlog;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 §2.1 transcribed literally (recursive MTH, PATH, SUBPROOF over the leaf list), with its
 * own SHA-256 calls, as the independent reference the production code is compared with.
 */
public final class NaiveTree {

	private final List<byte[]> leaves;

	public NaiveTree(List<byte[]> leaves) {
		this.leaves = leaves;
	}

	static byte[] sha256(byte prefix, byte[]... parts) {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			if (prefix >= 0) {
				md.update(prefix);
			}
			for (byte[] p : parts) {
				md.update(p);
			}
			return md.digest();
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	static long k(long n) {
		long k = 1;
		while (k << 1 < n) {
			k <<= 1;
		}
		return k;
	}

	byte[] mth(int from, int to) {
		int n = to - from;
		if (n == 0) {
			return sha256((byte) -1);
		}
		if (n == 1) {
			return sha256((byte) 0, leaves.get(from));
		}
		int k = (int) k(n);
		return sha256((byte) 1, mth(from, from + k), mth(from + k, to));
	}

	public byte[] root(int size) {
		return mth(0, size);
	}

	List<byte[]> path(int m, int from, int to) {
		int n = to - from;
		List<byte[]> out = new ArrayList<>();
		if (n <= 1) {
			return out;
		}
		int k = (int) k(n);
		if (m < k) {
			out.addAll(path(m, from, from + k));
			out.add(mth(from + k, to));
		}
		else {
			out.addAll(path(m - k, from + k, to));
			out.add(mth(from, from + k));
		}
		return out;
	}

	List<byte[]> proof(int m, int n) {
		return m == 0 || m == n ? new ArrayList<>() : subproof(m, 0, n, true);
	}

	private List<byte[]> subproof(int m, int from, int to, boolean b) {
		int n = to - from;
		List<byte[]> out = new ArrayList<>();
		if (m == n) {
			if (!b) {
				out.add(mth(from, to));
			}
			return out;
		}
		int k = (int) k(n);
		if (m <= k) {
			out.addAll(subproof(m, from, from + k, b));
			out.add(mth(from + k, to));
		}
		else {
			out.addAll(subproof(m - k, from + k, to, false));
			out.add(mth(from, from + k));
		}
		return out;
	}
}
