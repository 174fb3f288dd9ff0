from wijkverband.wijkfoto.importers import leefbaarometer_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import Leefbaarometer scores (3.0 per wijk, 2.0 per postcode area, merged CBS/LBM buurt file with --year)."
    importer = staticmethod(leefbaarometer_import)
