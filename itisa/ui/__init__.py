"""Web plumbing shared by every domain's pages, below the domain apps (NetBox's ``netbox/ui``).

``pages`` guards and runs a page (``require``, ``login_redirect``, ``call_service``, ``confirm_step``,
``paginate``, ``htmx_fragment``); ``panels`` lets higher layers add sections to the alliance and
organisation pages; ``forms`` holds ``StyledForm``. It depends only on ``core``, ``audit`` and
``accounts``, so any domain app may use it without importing another domain's views or forms.
"""
