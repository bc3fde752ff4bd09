/**
 * The organization this tab works in: sent as `X-Organization-Id` with every request and
 * in the WebSocket's `connection_init`. Kept per tab (sessionStorage), remembered as the
 * default for new tabs (localStorage).
 */
const KEY = 'stockroom.organizationId';

class OrganizationStore {
  private id: string | null = sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);
  private readonly listeners = new Set<() => void>();

  current = (): string | null => this.id;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  select(id: string | null): void {
    if (id === this.id) return;
    this.id = id;
    if (id) {
      sessionStorage.setItem(KEY, id);
      localStorage.setItem(KEY, id);
    } else {
      sessionStorage.removeItem(KEY);
    }
    this.listeners.forEach((listener) => listener());
  }
}

export const organization = new OrganizationStore();
