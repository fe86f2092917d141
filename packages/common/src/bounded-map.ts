/**
 * A Map that holds at most `limit` entries: setting a key makes it the newest, and past the limit
 * the least recently set entry goes (Maps iterate in insertion order). For caches whose keys come
 * from callers (tokens, query texts, owners), which must not grow without bound.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.limit) super.delete(this.keys().next().value as K);
    return this;
  }
}
