"""One demo account per role, with passwords generated once per machine.

The passwords live in var/demo-logins.json (git-ignored), so no secret is in the
repository and re-running the demo keeps them. An account that exists is left as it
is (a changed name, password or role stays); its password is set again only when the
logins file lost it and a new one had to be generated. Refused unless demo accounts are
allowed (DEBUG, or ANXIN_DEMO_ACCOUNTS=True as in the test settings): never in
production.
"""

from __future__ import annotations

import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from content.reference.models import Expert, Organization

from .roles import ROLE_ADMINS, ROLE_EDITORS, ROLE_ORGANIZERS, ROLE_REVIEWERS

DEMO_ACCOUNTS = [
    # username, role, display name, organization (organizers only)
    ("admin", ROLE_ADMINS, "管理员（演示）", None),
    ("editor", ROLE_EDITORS, "编辑（演示）", None),
    ("reviewer", ROLE_REVIEWERS, "审核专家（演示）", None),
    ("organizer", ROLE_ORGANIZERS, "活动组织者·嘉定镇街道（演示）", "嘉定镇街道社区卫生服务中心"),
    ("organizer2", ROLE_ORGANIZERS, "活动组织者·南翔镇（演示）", "南翔镇社区卫生服务中心"),
]


def demo_accounts_allowed() -> bool:
    return bool(getattr(settings, "ANXIN_DEMO_ACCOUNTS", settings.DEBUG))


def logins_file():
    return settings.VAR_DIR / "demo-logins.json"


def _passwords(generated: set[str] | None = None) -> dict[str, str]:
    """The stored passwords, generating missing ones (their usernames go in ``generated``)."""
    path = logins_file()
    stored = json.loads(path.read_text()) if path.exists() else {}
    changed = False
    for username, *_ in DEMO_ACCOUNTS:
        if username not in stored:
            stored[username] = secrets.token_urlsafe(9)
            changed = True
            if generated is not None:
                generated.add(username)
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stored, ensure_ascii=False, indent=2))
        path.chmod(0o600)
    return stored


def load(log) -> None:
    if not demo_accounts_allowed():
        # The demo content may be loaded on a real server to try the site out; accounts with
        # printed passwords never are.
        log("演示账号：未创建（DEBUG 关闭时从不创建演示账号；请用 createsuperuser 创建管理员）")
        return
    generated: set[str] = set()
    passwords = _passwords(generated)
    User = get_user_model()
    for username, role, display_name, organization_name in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is not None:
            if username in generated:  # the logins file lost it: make the printed login true again
                user.set_password(passwords[username])
                user.save(update_fields=["password"])
            continue
        user = User(username=username, first_name=display_name, email=f"{username}@demo.invalid")
        user.is_staff = user.is_superuser = role == ROLE_ADMINS
        user.set_password(passwords[username])
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        if organization_name:
            from content.events.scoping import set_user_organization

            set_user_organization(user, Organization.objects.get(name=organization_name))
    # The demo reviewer signs off as the first demo expert (unless an editor wrote a bio):
    # approving in 专家审核 records that expert as the article's reviewer.
    Expert.objects.filter(name__startswith="王安宁", bio="").update(bio="演示账号 reviewer 对应的审核专家。")
    reviewer = User.objects.filter(username="reviewer").first()
    if reviewer is not None and not Expert.objects.filter(user=reviewer).exists():
        expert = Expert.objects.filter(name__startswith="王安宁", user__isnull=True).order_by("pk").first()
        if expert is not None:
            Expert.objects.filter(pk=expert.pk).update(user=reviewer)
    log(f"演示账号：{len(DEMO_ACCOUNTS)} 个（用户名和密码见 make run 的输出）")


def login_lines() -> list[str]:
    passwords = _passwords()
    return [f"  {role:<6} {username:<11} {passwords[username]}" for username, role, _display, _org in DEMO_ACCOUNTS]
