package org.civicloop.audit.tlog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFC 6962 reference tree that Certificate Transparency implementations test against, then
 * random trees checked against the literal {@link NaiveTree}: every proof verifies, and a flipped
 * bit, a wrong index or a wrong size makes it fail.
 */
class MerkleVerifierTests {

	static final HexFormat HEX = HexFormat.of();

	static final List<byte[]> LEAVES = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
			"606162636465666768696a6b6c6d6e6f").stream().map(HEX::parseHex).toList();

	static final String[] ROOTS = { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
			"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
			"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
			"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
			"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
			"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
			"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
			"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328" };

	/** In-memory stand-in for audit_node: every perfect subtree of the leaves. */
	static Map<ProofRanges.Node, byte[]> perfectNodes(List<byte[]> leaves) {
		Map<ProofRanges.Node, byte[]> nodes = new HashMap<>();
		List<byte[]> level = new ArrayList<>();
		for (int i = 0; i < leaves.size(); i++) {
			byte[] h = Rfc6962.leafHash(leaves.get(i));
			level.add(h);
			nodes.put(new ProofRanges.Node(0, i), h);
		}
		for (int l = 1; level.size() > 1; l++) {
			List<byte[]> up = new ArrayList<>();
			for (int i = 0; i + 1 < level.size(); i += 2) {
				byte[] h = Rfc6962.nodeHash(level.get(i), level.get(i + 1));
				up.add(h);
				nodes.put(new ProofRanges.Node(l, i / 2), h);
			}
			level = up;
		}
		return nodes;
	}

	static List<byte[]> hashes(List<ProofRanges.Range> ranges, Map<ProofRanges.Node, byte[]> nodes) {
		return ranges.stream()
			.map(r -> ProofRanges.fold(ProofRanges.perfectNodes(r).stream().map(nodes::get).toList()))
			.toList();
	}

	@Test
	void referenceRootsForEverySize() {
		NaiveTree naive = new NaiveTree(LEAVES);
		Map<ProofRanges.Node, byte[]> nodes = perfectNodes(LEAVES);
		assertThat(HEX.formatHex(Rfc6962.emptyRoot()))
			.isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		for (int size = 1; size <= 8; size++) {
			assertThat(HEX.formatHex(naive.root(size))).as("naive root %d", size).isEqualTo(ROOTS[size - 1]);
			assertThat(HEX.formatHex(hashes(List.of(new ProofRanges.Range(0, size)), nodes).get(0)))
				.as("root %d from perfect subtrees", size)
				.isEqualTo(ROOTS[size - 1]);
		}
	}

	@Test
	void referenceInclusionProofs() throws Exception {
		// (leaf index, tree size, proof) from the Certificate Transparency test vectors
		Object[][] cases = { { 0, 1, new String[0] },
				{ 0, 8, new String[] { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
						"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
						"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } },
				{ 5, 8, new String[] { "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
						"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
						"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" } },
				{ 2, 3, new String[] { "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" } },
				{ 1, 5, new String[] { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
						"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
						"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" } } };
		Map<ProofRanges.Node, byte[]> nodes = perfectNodes(LEAVES);
		for (Object[] c : cases) {
			int index = (int) c[0];
			int size = (int) c[1];
			List<byte[]> expected = List.of((String[]) c[2]).stream().map(HEX::parseHex).toList();
			List<byte[]> proof = hashes(ProofRanges.inclusion(index, size), nodes);
			assertThat(proof.stream().map(HEX::formatHex).toList()).as("proof %d/%d", index, size)
				.isEqualTo(expected.stream().map(HEX::formatHex).toList());
			MerkleVerifier.verifyInclusion(index, size, Rfc6962.leafHash(LEAVES.get(index)), expected,
					HEX.parseHex(ROOTS[size - 1]));
		}
	}

	@Test
	void referenceConsistencyProofs() throws Exception {
		Object[][] cases = { { 1, 1, new String[0] },
				{ 1, 8, new String[] { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
						"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
						"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } },
				{ 6, 8, new String[] { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
						"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
						"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" } },
				{ 2, 5, new String[] { "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
						"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" } } };
		Map<ProofRanges.Node, byte[]> nodes = perfectNodes(LEAVES);
		for (Object[] c : cases) {
			int m = (int) c[0];
			int n = (int) c[1];
			List<byte[]> expected = List.of((String[]) c[2]).stream().map(HEX::parseHex).toList();
			List<byte[]> proof = hashes(ProofRanges.consistency(m, n), nodes);
			assertThat(proof.stream().map(HEX::formatHex).toList()).as("proof %d→%d", m, n)
				.isEqualTo(expected.stream().map(HEX::formatHex).toList());
			MerkleVerifier.verifyConsistency(m, n, HEX.parseHex(ROOTS[m - 1]), HEX.parseHex(ROOTS[n - 1]), expected);
		}
	}

	@Test
	void everyProofOfRandomTreesVerifiesAndEveryCorruptionFails() {
		Random random = new Random(6962);
		for (int round = 0; round < 60; round++) {
			int size = round < 33 ? round + 1 : 1 + random.nextInt(300);
			List<byte[]> leaves = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				byte[] b = new byte[random.nextInt(40)];
				random.nextBytes(b);
				leaves.add(b);
			}
			NaiveTree naive = new NaiveTree(leaves);
			Map<ProofRanges.Node, byte[]> nodes = perfectNodes(leaves);
			for (int n = 1; n <= size; n++) {
				if (size > 40 && n != size && random.nextInt(8) != 0) {
					continue;
				}
				byte[] root = naive.root(n);
				assertThat(hashes(List.of(new ProofRanges.Range(0, n)), nodes).get(0)).isEqualTo(root);
				for (int m = 0; m < n; m++) {
					byte[] leaf = Rfc6962.leafHash(leaves.get(m));
					List<byte[]> proof = hashes(ProofRanges.inclusion(m, n), nodes);
					assertThat(proof).as("inclusion %d/%d", m, n).containsExactlyElementsOf(naive.path(m, 0, n));
					assertThat(MerkleVerifier.isValidInclusion(m, n, leaf, proof, root)).isTrue();
					assertThat(MerkleVerifier.isValidInclusion(m, n, leaf, flip(proof, random), root)).isFalse();
					assertThat(MerkleVerifier.isValidInclusion(m, n, flipOne(leaf, random), proof, root)).isFalse();
					assertThat(MerkleVerifier.isValidInclusion(m, n, leaf, proof, flipOne(root, random))).isFalse();
					if (n > 1) {
						int other = (m + 1 + random.nextInt(n - 1)) % n;
						assertThat(MerkleVerifier.isValidInclusion(other, n, leaf, proof, root)).as("wrong index").isFalse();
					}
					// a proof does not carry its size: a wrong size is caught against that size's root
					if (n < size) {
						assertThat(MerkleVerifier.isValidInclusion(m, n + 1, leaf, proof, naive.root(n + 1))).as("bigger size").isFalse();
					}
					if (m < n - 1) {
						assertThat(MerkleVerifier.isValidInclusion(m, n - 1, leaf, proof, naive.root(n - 1))).as("smaller size").isFalse();
					}
					assertThat(MerkleVerifier.isValidInclusion(m, n, leaf, extend(proof, random), root)).isFalse();
					if (!proof.isEmpty()) {
						assertThat(MerkleVerifier.isValidInclusion(m, n, leaf, proof.subList(0, proof.size() - 1), root)).isFalse();
					}
				}
				for (int m = 0; m <= n; m++) {
					byte[] old = naive.root(m);
					List<byte[]> proof = hashes(ProofRanges.consistency(m, n), nodes);
					assertThat(proof).as("consistency %d→%d", m, n).containsExactlyElementsOf(naive.proof(m, n));
					assertThat(MerkleVerifier.isValidConsistency(m, n, old, root, proof)).as("%d→%d", m, n).isTrue();
					if (m == 0) {
						continue;
					}
					assertThat(MerkleVerifier.isValidConsistency(m, n, flipOne(old, random), root, proof)).isFalse();
					assertThat(MerkleVerifier.isValidConsistency(m, n, old, flipOne(root, random), proof)).isFalse();
					if (!proof.isEmpty()) {
						assertThat(MerkleVerifier.isValidConsistency(m, n, old, root, flip(proof, random))).isFalse();
						assertThat(MerkleVerifier.isValidConsistency(m, n, old, root, extend(proof, random))).isFalse();
						assertThat(MerkleVerifier.isValidConsistency(m, n, old, root, proof.subList(0, proof.size() - 1))).isFalse();
					}
					if (m < n && n < size) {
						assertThat(MerkleVerifier.isValidConsistency(m, n + 1, old, naive.root(n + 1), proof)).as("wrong second size").isFalse();
					}
					if (m < n && m > 1) {
						assertThat(MerkleVerifier.isValidConsistency(m - 1, n, naive.root(m - 1), root, proof)).as("wrong first size").isFalse();
					}
				}
			}
		}
	}

	static byte[] flipOne(byte[] h, Random random) {
		byte[] c = h.clone();
		c[random.nextInt(c.length)] ^= (byte) (1 << random.nextInt(8));
		return c;
	}

	static List<byte[]> flip(List<byte[]> proof, Random random) {
		if (proof.isEmpty()) {
			return List.of(new byte[32]);
		}
		List<byte[]> c = new ArrayList<>(proof);
		int i = random.nextInt(c.size());
		c.set(i, flipOne(c.get(i), random));
		return c;
	}

	static List<byte[]> extend(List<byte[]> proof, Random random) {
		List<byte[]> c = new ArrayList<>(proof);
		byte[] extra = new byte[32];
		random.nextBytes(extra);
		c.add(extra);
		return c;
	}
}
