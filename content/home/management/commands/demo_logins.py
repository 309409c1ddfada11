from django.core.management.base import BaseCommand, CommandError

from content.home.demo_users import demo_accounts_allowed, login_lines


class Command(BaseCommand):
    help = "Print the demo accounts and their passwords (demo only)."

    def handle(self, *args, **options):
        if not demo_accounts_allowed():
            raise CommandError("Demo accounts exist only with DEBUG on.")
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("安心 Anxin 演示站点： http://127.0.0.1:8000/   后台： http://127.0.0.1:8000/admin/")
        )
        self.stdout.write("演示账号（仅供演示，勿用于生产）：")
        self.stdout.write("  角色     用户名      密码")
        for line in login_lines():
            self.stdout.write(line)
        self.stdout.write("")
