import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { InProcessNotesApi } from '../../../testing/in-process-api.js';
import { fixedSession, renderWithApi, seedNote } from '../../../testing/render.js';
import { AdminNotes } from './admin-notes.js';

describe('AdminNotes', () => {
  it('shows another user’s notes to a member of admin, read-only', async () => {
    const user = userEvent.setup();
    const api = new InProcessNotesApi();
    await seedNote(api, 'bob', 'Bob’s list', 'eggs');
    renderWithApi(<AdminNotes />, { api, session: fixedSession('root:admin'), path: '/admin' });

    await user.type(screen.getByLabelText('User id (the sub claim)'), 'bob');
    await user.click(screen.getByRole('button', { name: 'Show notes' }));

    const list = await screen.findByRole('list', { name: 'Notes of bob' });
    expect(within(list).getByText('Bob’s list')).toBeVisible();
    expect(within(list).getByText('eggs')).toBeVisible();
    expect(within(list).queryByRole('link')).toBeNull();
  });

  it('explains a 403 to someone outside the admin group', async () => {
    const user = userEvent.setup();
    renderWithApi(<AdminNotes />, { session: fixedSession('alice'), path: '/admin' });

    await user.type(screen.getByLabelText('User id (the sub claim)'), 'bob');
    await user.click(screen.getByRole('button', { name: 'Show notes' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/not allowed.*admin group/);
  });
});
