from wijkverband.wijkfoto.importers import geo_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import wijk or gemeente boundaries (GeoJSON) and the figures they carry."
    importer = staticmethod(geo_import)
