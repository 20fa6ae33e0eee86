"""The suggestion engine behind one interface (``interface.Engine``): the in-process
``model_set.ModelSet``, the same served from a child process (``child_process``), and which
model folder answers which request (``model_choice``).

No Qt: the Qt-side owner of an engine is ``writer_app.editor.suggestion_service``.
"""
