// Authentication plugin names and the one-byte messages of caching_sha2_password.

export const AuthPlugin = {
  NATIVE_PASSWORD: 'mysql_native_password',
  CACHING_SHA2_PASSWORD: 'caching_sha2_password',
} as const;

export type AuthPluginName = (typeof AuthPlugin)[keyof typeof AuthPlugin];

/** caching_sha2_password: bytes carried in AuthMoreData packets and in the client's replies. */
export const CachingSha2 = {
  /** Client → server: send me your RSA public key. */
  REQUEST_PUBLIC_KEY: 0x02,
  /** Server → client: the scramble matched the cached digest. */
  FAST_AUTH_SUCCESS: 0x03,
  /** Server → client: no cached digest; send the password (TLS) or RSA-encrypt it. */
  PERFORM_FULL_AUTHENTICATION: 0x04,
} as const;

/** Length of a SHA-256 digest and of a caching_sha2_password scramble response. */
export const SHA256_BYTES = 32;
/** Length of a SHA-1 digest and of a mysql_native_password scramble response. */
export const SHA1_BYTES = 20;
