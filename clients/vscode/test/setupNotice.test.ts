import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DISMISSED_KEY, DONT_SHOW_AGAIN, type Memento, SetupNotice } from '../src/setupNotice';

class FakeMemento implements Memento {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

function recorder(answer: string | undefined) {
  const shown: { message: string; items: string[] }[] = [];
  const show = (message: string, ...items: string[]) => {
    shown.push({ message, items });
    return Promise.resolve(answer);
  };
  return { shown, show };
}

test('the setup message is shown once, not on every restart', async () => {
  const notice = new SetupNotice(new FakeMemento());
  const { shown, show } = recorder(undefined);
  for (let restart = 0; restart < 3; restart++) {
    await notice.show('routelink: the language server "routelink" was not found', ['Open Settings', 'Retry'], show);
  }
  assert.equal(shown.length, 1);
  assert.deepEqual(shown[0].items, ['Open Settings', 'Retry', DONT_SHOW_AGAIN]);
});

test('the chosen action is returned, and a retry or a successful start re-arms it', async () => {
  const notice = new SetupNotice(new FakeMemento());
  const { shown, show } = recorder('Retry');
  assert.equal(await notice.show('m', ['Retry'], show), 'Retry');
  assert.equal(await notice.show('m', ['Retry'], show), undefined);
  notice.rearm();
  assert.equal(notice.pending, true);
  await notice.show('m', ['Retry'], show);
  assert.equal(shown.length, 2);
});

test("Don't Show Again is remembered in the global state, across sessions", async () => {
  const state = new FakeMemento();
  const first = new SetupNotice(state);
  const { shown, show } = recorder(DONT_SHOW_AGAIN);
  assert.equal(await first.show('m', [], show), undefined);
  assert.equal(state.get(DISMISSED_KEY), true);
  first.rearm();
  await first.show('m', [], show);
  const nextSession = new SetupNotice(state);
  assert.equal(nextSession.pending, false);
  await nextSession.show('m', [], show);
  assert.equal(shown.length, 1);
});
