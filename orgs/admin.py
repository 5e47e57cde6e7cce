from django.contrib import admin

from orgs.models import (
    County,
    EducationProgramme,
    Municipality,
    Occupation,
    Organisation,
    ProgrammeArea,
    Trade,
)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["number", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county"]
    list_filter = ["county"]
    search_fields = ["number", "name"]


@admin.register(EducationProgramme)
class EducationProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "title_nb", "title_en"]
    search_fields = ["code", "title_nb", "title_en"]


@admin.register(ProgrammeArea)
class ProgrammeAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "title_nb", "level", "education_programme"]
    list_filter = ["level", "education_programme"]
    search_fields = ["code", "title_nb", "title_en"]


@admin.register(Trade)
class TradeAdmin(admin.ModelAdmin):
    list_display = ["code", "title_nb"]
    search_fields = ["code", "title_nb", "title_en"]
    filter_horizontal = ["programme_areas"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "title_nb"]
    search_fields = ["code", "title_nb", "title_en"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "orgnr", "kind", "municipality", "active"]
    list_filter = ["kind", "active", "municipality__county"]
    search_fields = ["name", "orgnr"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality", "parent"]
    filter_horizontal = ["programme_areas", "approved_trades", "occupations"]
