/**
 * What one connection resolution has learned about an upstream list: the items seen at each offset,
 * and how long the list is (exactly, or within bounds derived from `links.last`).
 */
import type { OffsetRange } from './plan';

/** One upstream page as the list source returns it. */
export interface FetchedPage<T> {
  items: T[];
  /** The page number and page size the upstream applied. */
  page: number;
  perPage: number;
  /** Page number of `links.last`, when the upstream sent links. */
  lastPage: number | undefined;
}

export class ListKnowledge<T> {
  private readonly items = new Map<number, T>();
  private exactTotal: number | undefined;
  private minTotal = 0;
  private maxTotal = Number.POSITIVE_INFINITY;

  /** Records a page: its items, and what its length and `links.last` say about the list's length. */
  add(page: FetchedPage<T>): void {
    const start = (page.page - 1) * page.perPage;
    page.items.forEach((item, i) => this.items.set(start + i, item));
    const count = page.items.length;
    if (count > 0) this.raiseMin(start + count);
    if (count < page.perPage && (count > 0 || page.page === 1)) this.setExact(start + count);
    else if (count === 0) this.lowerMax(start);
    if (page.lastPage !== undefined) {
      if (page.page === page.lastPage && count > 0) this.setExact(start + count);
      if (page.lastPage > 1) {
        this.raiseMin((page.lastPage - 1) * page.perPage + 1);
        this.lowerMax(page.lastPage * page.perPage);
      } else {
        this.lowerMax(page.perPage);
      }
    }
  }

  get total(): number | undefined {
    return this.exactTotal;
  }

  /** Lower and upper bounds of the list's length. */
  get totalBounds(): { min: number; max: number } {
    return { min: this.minTotal, max: this.maxTotal };
  }

  itemAt(offset: number): T | undefined {
    return this.items.get(offset);
  }

  /** True when the item at `offset` is known, or known not to exist (past the end). */
  isKnown(offset: number): boolean {
    return this.items.has(offset) || offset >= this.maxTotal;
  }

  /** True when the list is known to have an item at `offset`. */
  exists(offset: number): boolean | undefined {
    if (this.items.has(offset) || offset < this.minTotal) return true;
    if (offset >= this.maxTotal) return false;
    return undefined;
  }

  /** The parts of `range` whose items are not known yet. */
  missing(range: OffsetRange): OffsetRange[] {
    const out: OffsetRange[] = [];
    let open: number | undefined;
    const end = Math.min(range.end, this.maxTotal);
    for (let i = Math.max(0, range.start); i < end; i += 1) {
      if (!this.items.has(i)) open ??= i;
      else if (open !== undefined) {
        out.push({ start: open, end: i });
        open = undefined;
      }
    }
    if (open !== undefined) out.push({ start: open, end });
    return out;
  }

  private setExact(total: number): void {
    this.exactTotal = total;
    this.minTotal = total;
    this.maxTotal = total;
  }

  private raiseMin(value: number): void {
    if (this.exactTotal === undefined && value > this.minTotal) this.minTotal = value;
  }

  private lowerMax(value: number): void {
    if (this.exactTotal === undefined && value < this.maxTotal) this.maxTotal = value;
    if (this.exactTotal === undefined && this.minTotal === this.maxTotal) this.exactTotal = this.minTotal;
  }
}
