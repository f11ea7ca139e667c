"""Reusable steps and screens: list screens with paging and downloads, the date step, choices."""
