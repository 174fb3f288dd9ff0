from wijkverband.wijkfoto.importers import cbs_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import CBS key figures (KWB xlsx/csv, OData JSON, PC4, Nabijheid voorzieningen)."
    importer = staticmethod(cbs_import)
