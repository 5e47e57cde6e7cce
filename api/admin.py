"""The API tokens and their call log in the Django admin: to read and to revoke, never to make
(a token is made on the coordinators' staff page, which shows its secret once)."""

from django.contrib import admin

from api.models import ApiCall, ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "county", "hint", "created_by", "expires_at", "revoked_at")
    list_filter = ("county",)
    readonly_fields = ("county", "name", "hint", "created_by", "created_at", "last_used_at")
    fields = (*readonly_fields, "expires_at", "revoked_at", "revoked_by")

    def has_add_permission(self, request):
        return False


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ("at", "token", "method", "path", "status", "address")
    list_filter = ("status",)
    list_select_related = ("token",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
