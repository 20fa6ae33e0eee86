"""The bundled models, installed as the package ``writer_app.assets`` (setup.py maps this
folder there; pyproject.toml's package-data takes each model folder's files). The app
finds them with ``writer_app.resources.bundled_model_dir``; nothing here is code."""
