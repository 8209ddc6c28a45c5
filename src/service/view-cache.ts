/**
 * Views of insights computed from the store, kept until something they show changes. Each entry
 * remembers the generation it was computed at, so a view computed while a change landed is never
 * kept past that change.
 */
export class ViewCache<Detail, Summary> {
  private readonly details = new Map<string, { generation: string; view: Detail }>();
  private summaries: { generation: number; view: Summary } | undefined;
  private readonly insightGenerations = new Map<string, number>();
  private globalGeneration = 0;
  private listGeneration = 0;

  /** The generation to pass back to `keepDetail`, taken before the view is computed. */
  detailGeneration(insightId: string): string {
    return `${this.globalGeneration}:${this.insightGenerations.get(insightId) ?? 0}`;
  }

  listGenerationNow(): number {
    return this.listGeneration;
  }

  detail(insightId: string): Detail | undefined {
    const entry = this.details.get(insightId);
    return entry && entry.generation === this.detailGeneration(insightId) ? entry.view : undefined;
  }

  keepDetail(insightId: string, generation: string, view: Detail): void {
    if (generation === this.detailGeneration(insightId)) this.details.set(insightId, { generation, view });
  }

  list(): Summary | undefined {
    return this.summaries && this.summaries.generation === this.listGeneration ? this.summaries.view : undefined;
  }

  keepList(generation: number, view: Summary): void {
    if (generation === this.listGeneration) this.summaries = { generation, view };
  }

  /** Forgets one insight's view and the list. */
  invalidate(insightId: string): void {
    this.insightGenerations.set(insightId, (this.insightGenerations.get(insightId) ?? 0) + 1);
    this.details.delete(insightId);
    this.listGeneration += 1;
  }

  /** Forgets every view, for changes that many insights show (a segment renamed). */
  invalidateAll(): void {
    this.globalGeneration += 1;
    this.listGeneration += 1;
    this.details.clear();
  }
}
