"""The application layer: every operation a user runs, as plain functions over an application context.

Front ends (the CLI, the web UI, batch workers) parse their input, call these, and present the result; they
hold no business logic. Nothing here prints, draws progress bars or exits: progress goes to a callback, a
cancellation token stops long work between documents, and failures are `model.errors.KiemChungError`s that
each front end turns into output once.
"""
