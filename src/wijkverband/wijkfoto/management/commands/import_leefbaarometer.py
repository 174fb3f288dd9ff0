from wijkverband.wijkfoto.importers import leefbaarometer_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import Leefbaarometer scores (3.0 per wijk, 2.0 per postcode area)."
    importer = staticmethod(leefbaarometer_import)
