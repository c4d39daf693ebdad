"""HyperDrive's early termination policies, exactly as Azure ML defines them (Hypersweep evaluates them)."""


def _interval(kind, evaluation_interval, delay_evaluation):
    for name, value in (("evaluation_interval", evaluation_interval), ("delay_evaluation", delay_evaluation)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("%s: %s must be an integer, got %r" % (kind, name, value))
    if evaluation_interval < 1:
        raise ValueError("%s: evaluation_interval must be at least 1, got %r" % (kind, evaluation_interval))
    if delay_evaluation < 0:
        raise ValueError("%s: delay_evaluation must be 0 or more, got %r" % (kind, delay_evaluation))


class EarlyTerminationPolicy(object):
    """The base of the policies: its v2 early_termination fields."""

    def __init__(self, name, **fields):
        self._name = name
        self._fields = fields

    def to_sweep(self):
        """The policy as a v2 sweep file's early_termination mapping, or None."""
        return dict(type=self._name, **self._fields)


class BanditPolicy(EarlyTerminationPolicy):
    """Stops a run whose best metric is outside the slack of the best run so far."""

    def __init__(self, evaluation_interval=1, slack_factor=None, slack_amount=None, delay_evaluation=0):
        _interval("BanditPolicy", evaluation_interval, delay_evaluation)
        if (slack_factor is None) == (slack_amount is None):
            raise ValueError("BanditPolicy: give exactly one of slack_factor and slack_amount")
        slack = slack_factor if slack_factor is not None else slack_amount
        if isinstance(slack, bool) or not isinstance(slack, (int, float)) or slack <= 0:
            raise ValueError("BanditPolicy: %s must be a number greater than 0, got %r" % ("slack_factor" if slack_factor is not None else "slack_amount", slack))
        fields = dict(evaluation_interval=evaluation_interval, delay_evaluation=delay_evaluation)
        fields["slack_factor" if slack_factor is not None else "slack_amount"] = slack
        super(BanditPolicy, self).__init__("bandit", **fields)
        self.slack_factor, self.slack_amount = slack_factor, slack_amount


class MedianStoppingPolicy(EarlyTerminationPolicy):
    """Stops a run whose best metric is worse than the median of the running averages of all runs."""

    def __init__(self, evaluation_interval=1, delay_evaluation=5):
        _interval("MedianStoppingPolicy", evaluation_interval, delay_evaluation)
        super(MedianStoppingPolicy, self).__init__("median_stopping", evaluation_interval=evaluation_interval, delay_evaluation=delay_evaluation)


class TruncationSelectionPolicy(EarlyTerminationPolicy):
    """Stops the lowest truncation_percentage of runs at each evaluation interval."""

    def __init__(self, truncation_percentage, evaluation_interval=1, delay_evaluation=0, exclude_finished_jobs=False):
        _interval("TruncationSelectionPolicy", evaluation_interval, delay_evaluation)
        if isinstance(truncation_percentage, bool) or not isinstance(truncation_percentage, int) or not 1 <= truncation_percentage <= 99:
            raise ValueError("TruncationSelectionPolicy: truncation_percentage must be an integer from 1 to 99, got %r" % (truncation_percentage,))
        super(TruncationSelectionPolicy, self).__init__(
            "truncation_selection", truncation_percentage=truncation_percentage, evaluation_interval=evaluation_interval,
            delay_evaluation=delay_evaluation, exclude_finished_jobs=bool(exclude_finished_jobs))


class NoTerminationPolicy(EarlyTerminationPolicy):
    """No early termination."""

    def __init__(self):
        super(NoTerminationPolicy, self).__init__("none")

    def to_sweep(self):
        return None
