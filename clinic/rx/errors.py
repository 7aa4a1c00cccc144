"""The one exception the engine raises for bad input."""


class InvalidInput(ValueError):
    """Input the engine cannot use; `problems` holds one line per problem, naming the field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
