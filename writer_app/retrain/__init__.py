"""The app's side of "Retrain on my writing", without Qt: which files can train a model
(``training_files``), the training run's command and progress (``job``), and the retrained
model versions kept in the user's data folder (``model_store``).

The training itself is the ``training`` package, run in a child process.
"""
