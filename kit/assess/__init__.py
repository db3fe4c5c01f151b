"""Assessment on nbgrader: generated assignments, observations, submissions, scores and stages."""
