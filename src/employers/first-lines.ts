/**
 * The first line of an import file each employer appeared on, for "same employer as line N"
 * (ADR 1402): one entry per employer met, so 200,000 in a full file. A `Map` spent an entry object
 * and a boxed number per SIRET on the JS heap, all of it live until the import ends (and copied
 * whole each time the map grew); here the keys are fixed-size words in typed arrays (an
 * open-addressing hash table, linear probing), outside the JS heap: about 12 bytes per SIRET.
 *
 * Employer ids (existing employers) and SIRETs (new ones) are two separate key spaces, as they
 * were in the map.
 */
export class FirstLines {
  private readonly ids = new WordTable(4);
  private readonly sirets = new WordTable(2);
  private readonly key = new Uint32Array(4);

  /** The line an existing employer (by id) was first met on; records `line` if it is the first. */
  firstById(id: string, line: number): number | undefined {
    // A UUID's 32 hex digits (8-4-4-4-12) as four 32-bit words; ids come from the database.
    const word = (hex: string) => parseInt(hex, 16) >>> 0;
    this.key[0] = word(id.slice(0, 8));
    this.key[1] = word(id.slice(9, 13) + id.slice(14, 18));
    this.key[2] = word(id.slice(19, 23) + id.slice(24, 28));
    this.key[3] = word(id.slice(28, 36));
    return this.ids.firstOrAdd(this.key, line);
  }

  /** The line a new employer (by its checked, 14-digit SIRET) was first met on; records `line`. */
  firstBySiret(siret: string, line: number): number | undefined {
    // 7 digits and 7 digits: each under 2^32.
    this.key[0] = Number(siret.slice(0, 7));
    this.key[1] = Number(siret.slice(7));
    return this.sirets.firstOrAdd(this.key, line);
  }

  get size(): number {
    return this.ids.size + this.sirets.size;
  }
}

const EMPTY = 0; // lines are numbered from 1 (the header), so 0 marks a free slot
const MAX_LOAD = 0.75;

/** Keys of `width` 32-bit words -> a line number (> 0). */
class WordTable {
  size = 0;
  private capacity = 1024; // a power of two
  private keys: Uint32Array;
  private lines: Uint32Array;

  constructor(private readonly width: number) {
    this.keys = new Uint32Array(this.capacity * width);
    this.lines = new Uint32Array(this.capacity);
  }

  firstOrAdd(key: Uint32Array, line: number): number | undefined {
    if (line <= EMPTY) throw new RangeError('line numbers start at 1');
    const slot = this.find(key);
    const found = this.lines[slot]!;
    if (found !== EMPTY) return found;
    this.put(slot, key, line);
    if (++this.size > this.capacity * MAX_LOAD) this.grow();
    return undefined;
  }

  /** The key's slot, or the free slot where it would go. */
  private find(key: Uint32Array): number {
    const { width, keys, lines } = this;
    const mask = this.capacity - 1;
    let slot = hash(key, width) & mask;
    for (;;) {
      if (lines[slot] === EMPTY) return slot;
      let same = true;
      for (let w = 0; w < width && same; w++) same = keys[slot * width + w] === key[w];
      if (same) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private put(slot: number, key: Uint32Array, line: number): void {
    for (let w = 0; w < this.width; w++) this.keys[slot * this.width + w] = key[w]!;
    this.lines[slot] = line;
  }

  private grow(): void {
    const { width, keys, lines } = this;
    const old = this.capacity;
    this.capacity = old * 2;
    this.keys = new Uint32Array(this.capacity * width);
    this.lines = new Uint32Array(this.capacity);
    const key = new Uint32Array(width);
    for (let slot = 0; slot < old; slot++) {
      if (lines[slot] === EMPTY) continue;
      for (let w = 0; w < width; w++) key[w] = keys[slot * width + w]!;
      this.put(this.find(key), key, lines[slot]!);
    }
  }
}

/** 32-bit mix of the key's words (murmur3's finaliser after each word): sequential SIRETs spread. */
function hash(key: Uint32Array, width: number): number {
  let h = 0x9747b28c;
  for (let w = 0; w < width; w++) {
    h = Math.imul(h ^ key[w]!, 0xcc9e2d51);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
  }
  return h >>> 0;
}
