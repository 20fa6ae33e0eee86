"""Which packages the wheel holds; everything else is in pyproject.toml.

Only this part needs code: pyproject.toml can either list packages or find them, not
both, and the bundled models live in the top-level ``assets/`` folder (the source of
truth in the repository), installed as the package ``writer_app.assets`` so that the
app finds them with ``importlib.resources`` wherever it is installed (a wheel, an
editable install, a PyInstaller bundle). Their files are package data (pyproject.toml).
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=find_namespace_packages(include=["writer_app*", "training*"]) + ["writer_app.assets"],
    package_dir={"writer_app.assets": "assets"},
)
