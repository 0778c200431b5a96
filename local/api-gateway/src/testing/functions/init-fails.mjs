// A bundle whose init fails: its top-level code throws, as a bundle with a missing setting does.
throw new Error('NOTES_TABLE is not set');
