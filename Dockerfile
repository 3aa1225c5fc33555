# Odoo 18.0 (official image) with the Python packages the addon needs.
# The addon itself is mounted at /mnt/extra-addons by docker-compose.yml.
FROM odoo:18.0 AS odoo
USER root
COPY requirements.txt /tmp/school_safeguarding/requirements.txt
RUN pip3 install --no-cache-dir --break-system-packages \
        -r /tmp/school_safeguarding/requirements.txt
COPY docker/start-demo /usr/local/bin/start-demo
USER odoo

# The same image plus the tools of the test command (ruff, pylint-odoo,
# pytest) in a virtual environment of their own.
FROM odoo AS tests
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3-venv \
    && rm -rf /var/lib/apt/lists/*
# Odoo's test framework and the addon's tests freeze time with freezegun;
# the addon's tests load a throwaway model with odoo-test-helper.
RUN python3 -c "import freezegun" 2>/dev/null \
    || pip3 install --no-cache-dir --break-system-packages freezegun
COPY requirements-odoo-test.txt /tmp/school_safeguarding/requirements-odoo-test.txt
RUN pip3 install --no-cache-dir --break-system-packages \
        -r /tmp/school_safeguarding/requirements-odoo-test.txt
COPY requirements-test.txt /opt/test-venv/.requirements-test.txt
RUN python3 -m venv /opt/test-venv \
    && /opt/test-venv/bin/pip install --no-cache-dir \
        -r /opt/test-venv/.requirements-test.txt \
    && chown -R odoo /opt/test-venv
USER odoo
