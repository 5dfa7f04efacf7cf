from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "itisa.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation of pilots")

    def ready(self) -> None:
        from itisa.audit.seals import register_sealed
        from itisa.evaluation import actions  # noqa: F401  (registers audit action codes)
        from itisa.evaluation.clocks import register_clocks
        from itisa.evaluation.models import (
            DepartmentComment,
            EligibilityRecheck,
            EvaluationStatusChange,
            PanelReview,
            RectificationStatusChange,
            SelfEvaluation,
        )
        from itisa.evaluation.todo import todos
        from itisa.notifications.todo import add_todo_provider

        register_clocks()
        add_todo_provider(todos)
        for model in (EvaluationStatusChange, SelfEvaluation, EligibilityRecheck, PanelReview, DepartmentComment,
                      RectificationStatusChange):  # fmt: skip
            register_sealed(model)
