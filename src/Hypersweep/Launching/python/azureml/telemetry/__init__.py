"""Telemetry settings of the v1 SDK: Hypersweep sends nothing anywhere, so they change nothing."""


def set_diagnostics_collection(send_diagnostics=True, path=None, reset=False):
    pass


def get_diagnostics_collection_info(component_name=None, path=None):
    return {"send_diagnostics": False}
