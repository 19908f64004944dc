"""Intellectual-property pledge financing (知识产权质押融资): patents and trademarks pledged."""
