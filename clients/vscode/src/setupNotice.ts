// The one message shown when the language server cannot be started.
// No `vscode` import here, so the logic can be unit-tested with plain Node.

/** The part of `vscode.Memento` (`ExtensionContext.globalState`) this module uses. */
export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** Shows a message with action buttons; resolves to the button chosen (like `vscode.window.showErrorMessage`). */
export type ShowMessage = (message: string, ...items: string[]) => Thenable<string | undefined>;

export const DONT_SHOW_AGAIN = "Don't Show Again";
export const DISMISSED_KEY = 'routelink.setupNotice.dismissed';

/**
 * Says once that the server cannot be started, not once per restart: after it has been
 * shown, later failures (a restart after a settings change, another workspace folder)
 * only update the status bar and the log, until the server starts or the user asks to
 * retry (`rearm`). Its "Don't Show Again" button silences it for good (kept in the
 * extension's global state, so across windows and sessions).
 */
export class SetupNotice {
  private shown = false;

  constructor(
    private readonly state: Memento,
    private readonly key: string = DISMISSED_KEY,
  ) {}

  /** Whether `show` would show a message now. */
  get pending(): boolean {
    return !this.shown && this.state.get<boolean>(this.key) !== true;
  }

  /**
   * Shows `message` with `actions` and "Don't Show Again" if it is pending; resolves to
   * the action chosen, or undefined (not shown, dismissed, or "Don't Show Again", which
   * is then remembered).
   */
  async show(message: string, actions: readonly string[], showMessage: ShowMessage): Promise<string | undefined> {
    if (!this.pending) {
      return undefined;
    }
    this.shown = true;
    const choice = await showMessage(message, ...actions, DONT_SHOW_AGAIN);
    if (choice === DONT_SHOW_AGAIN) {
      await this.state.update(this.key, true);
      return undefined;
    }
    return choice;
  }

  /** The server started, or the user asked to retry: the next failure is news again. */
  rearm(): void {
    this.shown = false;
  }
}
