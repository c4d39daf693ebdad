"""Model: a registered model, kept as files in the workspace folder (.hypersweep/models/NAME/VERSION)."""

import os
import shutil


class Model(object):
    """A registered model: its name, version and where its files are."""

    def __init__(self, workspace, name=None, id=None, tags=None, properties=None, version=None, run_id=None):
        self.workspace = workspace
        self.name = name
        self.version = version or _latest(workspace, name)
        if self.version is None:
            raise ValueError("no model %r is registered in this workspace" % (name,))
        self.id = "%s:%s" % (name, self.version)
        self.tags = dict(tags or {})
        self.properties = dict(properties or {})
        self.run_id = run_id
        self.path = os.path.join(_root(workspace, name), str(self.version))

    @staticmethod
    def _register_from_run(run, model_name, model_path, tags, properties):
        workspace = run.experiment.workspace
        version = (_latest(workspace, model_name) or 0) + 1
        target = os.path.join(_root(workspace, model_name), str(version))
        source = os.path.join(run._folder(), model_path or "outputs")
        if os.path.isdir(source):
            shutil.copytree(source, os.path.join(target, os.path.basename(source.rstrip("/"))))
        elif os.path.isfile(source):
            os.makedirs(target)
            shutil.copyfile(source, os.path.join(target, os.path.basename(source)))
        else:
            raise ValueError("run %s has no %r to register; its files: %s" % (run.id, model_path, ", ".join(run.get_file_names())))
        return Model(workspace, model_name, tags=tags, properties=properties, version=version, run_id=run.id)

    def __repr__(self):
        return "Model(name=%r, version=%r)" % (self.name, self.version)


def _root(workspace, name):
    return os.path.join(workspace._folder, ".hypersweep", "models", name)


def _latest(workspace, name):
    root = _root(workspace, name)
    versions = [int(v) for v in os.listdir(root) if v.isdigit()] if os.path.isdir(root) else []
    return max(versions) if versions else None
