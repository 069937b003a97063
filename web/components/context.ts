/** What every page may read: the session's access and the live evaluation tick. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface Shell {
  readonly access: 'admin' | 'viewer';
  /** Goes up each time the server announces an evaluation: pages reload what they show. */
  readonly tick: number;
  readonly by: string;
}

export const ShellContext = createContext<Shell>({ access: 'viewer', tick: 0, by: 'dashboard' });
export const useShell = (): Shell => useContext(ShellContext);
