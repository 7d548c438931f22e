"""Form dialogs. Each is opened with ``open()`` (window-modal, no nested event loop) and
calls a *submit* function on OK; refused input is shown inline and the dialog stays open."""
