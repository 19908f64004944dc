"""Consent mutations: integrity codes and consents."""
