// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useRef, useState, type FormEvent } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../../src/shared/errors';
import { BusyButton } from '../../../../src/renderer/ui/BusyButton';
import { ConfirmDialog } from '../../../../src/renderer/ui/ConfirmDialog';
import { Dialog } from '../../../../src/renderer/ui/Dialog';
import { Field, FieldError } from '../../../../src/renderer/ui/Field';
import { FormActions } from '../../../../src/renderer/ui/FormActions';
import { useSubmit } from '../../../../src/renderer/ui/use-submit';

afterEach(cleanup);

/** A promise a test settles by hand: the work of a form, held while the test looks. */
function held<T>() {
  let settle: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

const describedBy = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent);

describe('Field', () => {
  it('names its control by the label; the error, then the hint, describe it', () => {
    render(
      <Field label="Login name" hint="Lowercase letters." error="Already taken.">
        {(control) => <input {...control} />}
      </Field>,
    );
    const input = screen.getByRole('textbox', { name: 'Login name' });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(input)).toEqual(['Already taken.', 'Lowercase letters.']);
    expect(screen.getByRole('alert').textContent).toBe('Already taken.');
  });

  it('is valid and announces nothing without an error', () => {
    render(<Field label="Note">{(control) => <input {...control} />}</Field>);
    const input = screen.getByRole('textbox', { name: 'Note' });
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(input.getAttribute('aria-describedby')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('has one error block, shared with messages that belong to no field', () => {
    render(
      <>
        <FieldError>Could not load.</FieldError>
        <Field label="A" error="Wrong.">
          {(control) => <input {...control} />}
        </Field>
      </>,
    );
    const alerts = screen.getAllByRole('alert');
    expect(alerts.map((a) => a.className)).toEqual(['field-error', 'field-error']);
  });
});

describe('BusyButton and FormActions', () => {
  it('keeps focus while busy: aria-disabled, never disabled, and clicks do nothing', async () => {
    const user = userEvent.setup();
    let clicks = 0;
    const { rerender } = render(
      <BusyButton busy={false} busyText="Checking…" onClick={() => (clicks += 1)}>
        Check DNS
      </BusyButton>,
    );
    await user.click(screen.getByRole('button', { name: 'Check DNS' }));
    rerender(
      <BusyButton busy busyText="Checking…" onClick={() => (clicks += 1)}>
        Check DNS
      </BusyButton>,
    );
    const busy = screen.getByRole('button', { name: 'Checking…' });
    expect(document.activeElement).toBe(busy);
    expect(busy.hasAttribute('disabled')).toBe(false);
    expect(busy.getAttribute('aria-disabled')).toBe('true');
    expect(busy.getAttribute('aria-busy')).toBe('true');
    await user.click(busy);
    expect(clicks).toBe(1);
  });

  it('holds Cancel while the form works', () => {
    render(<FormActions busy onCancel={() => undefined} submit="Save" busyText="Saving…" />);
    expect(screen.getByRole('button', { name: 'Cancel' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Saving…' }).getAttribute('aria-busy')).toBe('true');
  });
});

/** A form as the dialogs write theirs: one field, its work, what it says. */
function LoginForm({ work, done }: { work: () => Promise<Result<string>>; done: () => void }) {
  const [login, setLogin] = useState('');
  const { busy, error, formRef, run } = useSubmit();
  const input = useRef<HTMLInputElement>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    void run(work, { done, refocus: () => input.current });
  }
  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Field label="Login name" error={error}>
        {(control) => (
          <input
            {...control}
            ref={input}
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            disabled={busy}
          />
        )}
      </Field>
      <FormActions busy={busy} onCancel={() => undefined} submit="Create" />
    </form>
  );
}

describe('useSubmit', () => {
  it('runs the work once however often it is asked, and holds the form meanwhile', async () => {
    const user = userEvent.setup();
    const work = held<Result<string>>();
    let runs = 0;
    let finished = 0;
    render(
      <LoginForm
        work={() => {
          runs += 1;
          return work.promise;
        }}
        done={() => (finished += 1)}
      />,
    );
    await user.type(screen.getByRole('textbox', { name: 'Login name' }), 'sales{Enter}');
    const create = screen.getByRole('button', { name: 'Create' });
    expect(create.getAttribute('aria-busy')).toBe('true');
    await user.click(create);
    expect(runs).toBe(1);
    await act(async () => {
      work.settle({ ok: true, value: 'sales' });
      await work.promise;
    });
    expect(finished).toBe(1);
    expect(create.getAttribute('aria-busy')).toBe('false');
  });

  it('says a refusal at the field and puts focus back on it', async () => {
    const user = userEvent.setup();
    const work = held<Result<string>>();
    render(<LoginForm work={() => work.promise} done={() => undefined} />);
    const input = screen.getByRole('textbox', { name: 'Login name' });
    await user.type(input, 'sales');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    // The field is held while the work runs: focus is not on it.
    expect(document.activeElement).not.toBe(input);
    await act(async () => {
      work.settle({
        ok: false,
        error: { code: 'smtp_user_exists', message: 'sales already exists.' },
      });
      await work.promise;
    });
    expect(screen.getByRole('alert').textContent).toBe('sales already exists.');
    expect(document.activeElement).toBe(input);
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });
});

/** A screen with a button opening a dialog; with `vanish`, the button goes as it opens it (a menu item). */
function Opener({ vanish = false }: { vanish?: boolean }) {
  const [open, setOpen] = useState(false);
  const [gone, setGone] = useState(false);
  return (
    <main>
      <h1 tabIndex={-1} data-focus-fallback>
        Screen
      </h1>
      {gone ? null : (
        <button
          type="button"
          onClick={() => {
            setOpen(true);
            setGone(vanish);
          }}
        >
          Open
        </button>
      )}
      <Dialog
        open={open}
        title="Reset Password"
        description="A new password."
        onClose={() => setOpen(false)}
      >
        <input aria-label="First" data-autofocus />
        <input aria-label="Second" />
        <button type="button" onClick={() => setOpen(false)}>
          Done
        </button>
      </Dialog>
    </main>
  );
}

describe('Dialog', () => {
  it('is a named, described modal that takes focus to its autofocus field', async () => {
    const user = userEvent.setup();
    render(<Opener />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset Password' });
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(
      document.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent,
    ).toBe('A new password.');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'First' }));
  });

  it('keeps Tab and Shift+Tab inside, going round', async () => {
    const user = userEvent.setup();
    render(<Opener />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByRole('dialog');
    const focused = () =>
      document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent;
    const seen: (string | null | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      await user.tab();
      seen.push(focused());
    }
    expect(seen).toEqual(['Second', 'Done', 'First', 'Second']);
    await user.tab({ shift: true });
    await user.tab({ shift: true });
    expect(focused()).toBe('Done');
  });

  it('gives focus back to the opener on Escape, or to the heading when the opener is gone', async () => {
    const user = userEvent.setup();
    render(<Opener />);
    const open = screen.getByRole('button', { name: 'Open' });
    await user.click(open);
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    // Radix gives focus back once the dialog's focus scope has unmounted.
    await waitFor(() => expect(document.activeElement).toBe(open));

    cleanup();
    render(<Opener vanish />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByRole('dialog');
    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Screen' })),
    );
  });
});

describe('ConfirmDialog', () => {
  it('focuses Cancel first; a refusal stays open, says why, and puts focus back on Cancel', async () => {
    const user = userEvent.setup();
    const outcome = held<Result<unknown>>();
    let closed = 0;
    render(
      <ConfirmDialog
        open
        title="Delete sales@shop.test?"
        description="Sending with it stops at once."
        confirmLabel="Delete"
        onConfirm={() => outcome.promise}
        failed={(message) => `Could not delete sales@shop.test: ${message}`}
        onClose={() => (closed += 1)}
      />,
    );
    const cancel = await screen.findByRole('button', { name: 'Cancel' });
    expect(document.activeElement).toBe(cancel);
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await act(async () => {
      outcome.settle({ ok: false, error: { code: 'not_found', message: 'it is gone.' } });
      await outcome.promise;
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not delete sales@shop.test: it is gone.',
    );
    expect(document.activeElement).toBe(cancel);
    expect(closed).toBe(0);
  });
});
