package org.civicloop.audit.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 6962 §2.1.1 (PATH) and §2.1.2 (SUBPROOF) algorithms, written over leaf ranges instead
 * of hashes: a proof is the list of subtree hashes MTH(D[start:end]) for the ranges returned
 * here. Every such range starts at a multiple of its largest power of two, so it splits into a
 * few perfect subtrees ({@link Node}: {@code level}, {@code index}) — exactly what the log stores.
 * That is what makes a proof cost O(log n) reads and no scan.
 */
public final class ProofRanges {

	/** Leaves {@code [start, end)}. */
	public record Range(long start, long end) {
		public long size() {
			return end - start;
		}
	}

	/** The perfect subtree of 2^level leaves starting at leaf {@code index << level}. */
	public record Node(int level, long index) {
		public long firstLeaf() {
			return index << level;
		}

		public long endLeaf() {
			return (index + 1) << level;
		}
	}

	private ProofRanges() {
	}

	/** PATH(m, D[n]): the ranges whose hashes form the inclusion proof of leaf m, leaf to root. */
	public static List<Range> inclusion(long m, long n) {
		if (m < 0 || m >= n) {
			throw new IllegalArgumentException("leaf index " + m + " is not below tree size " + n);
		}
		List<Range> out = new ArrayList<>();
		path(m, 0, n, out);
		return out;
	}

	private static void path(long m, long start, long end, List<Range> out) {
		long n = end - start;
		if (n == 1) {
			return;
		}
		long k = Rfc6962.split(n);
		if (m < start + k) {
			path(m, start, start + k, out);
			out.add(new Range(start + k, end));
		}
		else {
			path(m, start + k, end, out);
			out.add(new Range(start, start + k));
		}
	}

	/** PROOF(m, D[n]): the ranges of the consistency proof between sizes m and n (empty if m is 0 or n). */
	public static List<Range> consistency(long m, long n) {
		if (m < 0 || m > n) {
			throw new IllegalArgumentException("need 0 ≤ from ≤ to, got " + m + " and " + n);
		}
		List<Range> out = new ArrayList<>();
		if (m > 0 && m < n) {
			subproof(m, 0, n, true, out);
		}
		return out;
	}

	private static void subproof(long m, long start, long end, boolean b, List<Range> out) {
		long n = end - start;
		if (m == n) {
			if (!b) {
				out.add(new Range(start, end));
			}
			return;
		}
		long k = Rfc6962.split(n);
		if (m <= k) {
			subproof(m, start, start + k, b, out);
			out.add(new Range(start + k, end));
		}
		else {
			subproof(m - k, start + k, end, false, out);
			out.add(new Range(start, start + k));
		}
	}

	/** The perfect subtrees making up {@code range}, largest (leftmost) first. */
	public static List<Node> perfectNodes(Range range) {
		List<Node> out = new ArrayList<>();
		long start = range.start();
		long end = range.end();
		while (start < end) {
			long n = end - start;
			long size = Long.bitCount(n) == 1 ? n : Rfc6962.split(n);
			int level = Long.numberOfTrailingZeros(size);
			if (start % size != 0) {
				throw new IllegalArgumentException("range " + range + " is not aligned as RFC 6962 ranges are");
			}
			out.add(new Node(level, start >> level));
			start += size;
		}
		return out;
	}

	/** The nodes of a tree of {@code size} leaves that are complete: its root is their fold. */
	public static List<Node> frontier(long size) {
		return size == 0 ? List.of() : perfectNodes(new Range(0, size));
	}

	/** MTH of a range from the hashes of its {@link #perfectNodes}, in the same order. */
	public static byte[] fold(List<byte[]> perfectHashes) {
		if (perfectHashes.isEmpty()) {
			return Rfc6962.emptyRoot();
		}
		byte[] h = perfectHashes.get(perfectHashes.size() - 1);
		for (int i = perfectHashes.size() - 2; i >= 0; i--) {
			h = Rfc6962.nodeHash(perfectHashes.get(i), h);
		}
		return h;
	}
}
