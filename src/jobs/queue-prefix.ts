/**
 * Redis Cluster's rule: a key's slot is the hash of the text between its first `{` and the first
 * `}` after it, when that text is not empty; of the whole key otherwise. Null when no tag.
 */
export function hashTagOf(key: string): string | null {
  const open = key.indexOf('{');
  if (open < 0) return null;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : null;
}

/**
 * The prefix of every Redis key the service writes, with a hash tag, so all of them (a queue's
 * keys, which BullMQ's scripts touch together, and the login counters) hash to one slot and run
 * on Redis Cluster. `zone` becomes `{zone}`; a prefix that already has a tag is kept as it is.
 */
export function hashTaggedPrefix(prefix: string): string {
  return hashTagOf(prefix) === null ? `{${prefix}}` : prefix;
}
