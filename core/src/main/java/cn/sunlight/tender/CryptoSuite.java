package cn.sunlight.tender;

/** The cryptographic suite a tender's bids are sealed with, fixed at publication (crypto.md). */
public enum CryptoSuite {
    /** AES-256-GCM, RSA-OAEP-SHA256 or ECDH P-256, SHA-256. */
    INTERNATIONAL,
    /** SM4, SM2, SM3 (国密). */
    NATIONAL
}
