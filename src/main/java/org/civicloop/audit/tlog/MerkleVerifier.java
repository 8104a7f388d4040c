package org.civicloop.audit.tlog;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) verification, step by step as the
 * RFC words them. No database, no Spring: this is what an inspector's own tool would do, and what
 * the shipped verifier, the pages and the tests use.
 */
public final class MerkleVerifier {

	/** A proof that does not hold, with the reason. */
	public static class ProofException extends Exception {
		public ProofException(String message) {
			super(message);
		}
	}

	private MerkleVerifier() {
	}

	/** Checks that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves with {@code root}. */
	public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root)
			throws ProofException {
		byte[] computed = rootFromInclusionProof(index, size, leafHash, path);
		if (!MessageDigest.isEqual(computed, root)) {
			throw new ProofException("inclusion proof leads to a different root");
		}
	}

	/** RFC 9162 §2.1.3.2 steps 1–5 up to the final comparison: the root the proof leads to. */
	public static byte[] rootFromInclusionProof(long index, long size, byte[] leafHash, List<byte[]> path)
			throws ProofException {
		if (index < 0 || index >= size) {
			throw new ProofException("leaf index " + index + " is not below tree size " + size);
		}
		checkHash(leafHash, "leaf hash");
		long fn = index;
		long sn = size - 1;
		byte[] r = leafHash;
		for (byte[] p : path) {
			checkHash(p, "proof hash");
			if (sn == 0) {
				throw new ProofException("inclusion proof is too long");
			}
			if ((fn & 1) == 1 || fn == sn) {
				r = Rfc6962.nodeHash(p, r);
				if ((fn & 1) == 0) {
					while ((fn & 1) == 0 && fn != 0) {
						fn >>= 1;
						sn >>= 1;
					}
				}
			}
			else {
				r = Rfc6962.nodeHash(r, p);
			}
			fn >>= 1;
			sn >>= 1;
		}
		if (sn != 0) {
			throw new ProofException("inclusion proof is too short");
		}
		return r;
	}

	/** RFC 9162 §2.1.4.2: the tree of {@code size2} leaves extends the tree of {@code size1} leaves. */
	public static void verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
			throws ProofException {
		if (size1 < 0 || size1 > size2) {
			throw new ProofException("need 0 ≤ first ≤ second, got " + size1 + " and " + size2);
		}
		checkHash(root1, "first root");
		checkHash(root2, "second root");
		if (size1 == size2) {
			if (!proof.isEmpty()) {
				throw new ProofException("consistency proof between equal sizes must be empty");
			}
			if (!MessageDigest.isEqual(root1, root2)) {
				throw new ProofException("same size, different roots");
			}
			return;
		}
		if (size1 == 0) {
			// every tree extends the empty tree
			if (!proof.isEmpty()) {
				throw new ProofException("consistency proof from the empty tree must be empty");
			}
			return;
		}
		// 1. If consistency_path is an empty array, stop and fail the proof verification.
		if (proof.isEmpty()) {
			throw new ProofException("consistency proof is empty");
		}
		for (byte[] c : proof) {
			checkHash(c, "proof hash");
		}
		List<byte[]> path = new ArrayList<>(proof);
		// 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
		if (Long.bitCount(size1) == 1) {
			path.add(0, root1);
		}
		// 3. Set fn to first - 1 and sn to second - 1.
		long fn = size1 - 1;
		long sn = size2 - 1;
		// 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
		while ((fn & 1) == 1) {
			fn >>= 1;
			sn >>= 1;
		}
		// 5. Set both fr and sr to the first value in the consistency_path array.
		byte[] fr = path.get(0);
		byte[] sr = path.get(0);
		// 6. For each subsequent value c in the consistency_path array:
		for (byte[] c : path.subList(1, path.size())) {
			if (sn == 0) {
				throw new ProofException("consistency proof is too long");
			}
			if ((fn & 1) == 1 || fn == sn) {
				fr = Rfc6962.nodeHash(c, fr);
				sr = Rfc6962.nodeHash(c, sr);
				if ((fn & 1) == 0) {
					while ((fn & 1) == 0 && fn != 0) {
						fn >>= 1;
						sn >>= 1;
					}
				}
			}
			else {
				sr = Rfc6962.nodeHash(sr, c);
			}
			fn >>= 1;
			sn >>= 1;
		}
		// 7. Verify fr == first_hash, sr == second_hash and sn == 0.
		if (sn != 0) {
			throw new ProofException("consistency proof is too short");
		}
		if (!MessageDigest.isEqual(fr, root1)) {
			throw new ProofException("consistency proof does not lead to the first root");
		}
		if (!MessageDigest.isEqual(sr, root2)) {
			throw new ProofException("consistency proof does not lead to the second root");
		}
	}

	public static boolean isValidInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
		try {
			verifyInclusion(index, size, leafHash, path, root);
			return true;
		}
		catch (ProofException e) {
			return false;
		}
	}

	public static boolean isValidConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
		try {
			verifyConsistency(size1, size2, root1, root2, proof);
			return true;
		}
		catch (ProofException e) {
			return false;
		}
	}

	private static void checkHash(byte[] h, String what) throws ProofException {
		if (h == null || h.length != Rfc6962.HASH_SIZE) {
			throw new ProofException(what + " is not a SHA-256 hash");
		}
	}
}
