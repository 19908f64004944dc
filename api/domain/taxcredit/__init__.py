"""Tax-credit inputs (绿税通): the tax bureau's yearly tax credit ratings, checked and kept once."""
