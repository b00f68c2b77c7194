<nav class="subnav" aria-label="<?cs var:Lang.adm.nav ?>">
  <a href="<?cs var:Base.admin ?>/areas"<?cs if:Adm.section == "areas" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.adm.areas.title ?></a>
  <a href="<?cs var:Base.admin ?>/vehicles"<?cs if:Adm.section == "vehicles" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.adm.vehicles.title ?></a>
  <a href="<?cs var:Base.admin ?>/members"<?cs if:Adm.section == "members" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.adm.members.title ?></a>
  <a href="<?cs var:Base.admin ?>/tariffs"<?cs if:Adm.section == "tariffs" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.adm.tariffs.title ?></a>
  <a href="<?cs var:Base.admin ?>/api"<?cs if:Adm.section == "api" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.adm.api.title ?></a>
  <a href="<?cs var:Base.admin ?>/settings"<?cs if:Adm.section == "settings" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.adm.settings.title ?></a>
  <a href="<?cs var:Base.admin ?>/accounting"<?cs if:Adm.section == "accounting" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.acct.title ?></a>
  <a href="<?cs var:Base.admin ?>/mail"<?cs if:Adm.section == "mail" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.mail.title ?></a>
  <a href="<?cs var:Base.admin ?>/import"<?cs if:Adm.section == "import" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.adm.nav_import ?></a>
</nav>
