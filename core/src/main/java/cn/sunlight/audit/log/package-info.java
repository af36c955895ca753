/**
 * The platform audit log's cryptography, independent of Quarkus and of the database: it lives in the {@code core}
 * module, which the build keeps free of Quarkus, CDI and Jakarta EE (maven-enforcer), so the bidder's standalone
 * tools jar verifies with the same code the platform signs with.
 *
 * <ul>
 *   <li>{@link cn.sunlight.audit.log.MerkleHashes}, {@link cn.sunlight.audit.log.MerkleTree},
 *       {@link cn.sunlight.audit.log.CompactRange}: the RFC 9162 section 2.1 Merkle tree over SHA-256,
 *       inclusion and consistency proofs, and the frontier the sequencer uses to compute roots.</li>
 *   <li>{@link cn.sunlight.audit.log.ProofVerifier}: RFC 9162 section 2.1.3.2 and 2.1.4.2 verification.</li>
 *   <li>{@link cn.sunlight.audit.log.Checkpoint}, {@link cn.sunlight.audit.log.SignedNote},
 *       {@link cn.sunlight.audit.log.NoteSigner}, {@link cn.sunlight.audit.log.NoteVerifier},
 *       {@link cn.sunlight.audit.log.VerifierKey}: C2SP tlog-checkpoint / signed-note with Ed25519
 *       (type 0x01) and C2SP tlog-cosignature cosignature/v1 (type 0x04).</li>
 *   <li>{@link cn.sunlight.audit.log.Witness}: cosigns a checkpoint only if it is signed by the log and
 *       provably extends the last checkpoint the witness cosigned.</li>
 * </ul>
 */
package cn.sunlight.audit.log;
