// The server-side cache of caching_sha2_password: SHA256(SHA256(password)) per account, filled by
// a successful full authentication. An entry is valid only for the authentication string it was
// computed under, so ALTER USER … IDENTIFIED BY invalidates it without any notification.

import type { UserAccount } from '../../sql/api.js';

interface Entry {
  authString: string;
  digest: Buffer;
}

export class FastAuthCache {
  private readonly entries = new Map<string, Entry>();

  private static key(account: UserAccount): string {
    return `${account.user}\0${account.host}`;
  }

  /** The cached digest, if it was computed under the account's current authentication string. */
  get(account: UserAccount): Buffer | undefined {
    const entry = this.entries.get(FastAuthCache.key(account));
    if (entry === undefined) return undefined;
    if (entry.authString !== account.authString) {
      this.entries.delete(FastAuthCache.key(account));
      return undefined;
    }
    return entry.digest;
  }

  remember(account: UserAccount, digest: Buffer): void {
    this.entries.set(FastAuthCache.key(account), { authString: account.authString, digest });
  }

  clear(): void {
    this.entries.clear();
  }
}
