from django.core.management.base import BaseCommand, CommandError

from content.home.demo_users import demo_accounts_allowed, login_lines


class Command(BaseCommand):
    help = "Print the demo site's address and the demo accounts with their passwords (demo only)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="the host the server listens on")
        parser.add_argument("--port", default="8000", help="the port the server listens on")

    def handle(self, *args, **options):
        if not demo_accounts_allowed():
            raise CommandError("Demo accounts exist only with DEBUG on.")
        host = options["host"]
        if host in ("0.0.0.0", "::", ""):  # noqa: S104 - listening on every address: show a usable one
            host = "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        base = f"http://{host}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"安心 Anxin 演示站点： {base}   后台： {base}admin/"))
        self.stdout.write("演示账号（仅供演示，勿用于生产）：")
        self.stdout.write("  角色     用户名      密码")
        for line in login_lines():
            self.stdout.write(line)
        self.stdout.write("")
